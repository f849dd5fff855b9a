# title: the loss recomputed after the update is returned
# title_ja: 更新後に計算し直した損失を返した
# diagnosis: Your returned loss is the loss after optimizer.step() (a second forward pass): return the loss computed before the update, the one you called backward() on.
# diagnosis_ja: 返している損失が optimizer.step() の後（2 回目の順伝播）の値です。backward() を呼んだ、更新前の損失を返してください。
def train_step(model, optimizer, x, eps, loss_fn):
    model.train()
    optimizer.zero_grad()
    logits, mu, logvar = model(x, eps)
    loss = loss_fn(logits, x, mu, logvar)
    loss.backward()
    optimizer.step()
    with torch.no_grad():
        logits, mu, logvar = model(x, eps)
        return float(loss_fn(logits, x, mu, logvar))
