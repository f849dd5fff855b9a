# title: optimizer.zero_grad() between backward() and step()
# title_ja: backward() と step() の間で optimizer.zero_grad() を呼んだ
# diagnosis: Your parameters do not change: zero_grad() is called after loss.backward(), which erases the gradients before optimizer.step(); the order is zero_grad(), backward(), step().
# diagnosis_ja: パラメータが変化していません。loss.backward() の後に zero_grad() を呼ぶと、optimizer.step() の前に勾配が消えてしまいます。順番は zero_grad() → backward() → step() です。
def train_step(model, optimizer, x, eps, loss_fn):
    model.train()
    logits, mu, logvar = model(x, eps)
    loss = loss_fn(logits, x, mu, logvar)
    loss.backward()
    optimizer.zero_grad()
    optimizer.step()
    return loss.item()
