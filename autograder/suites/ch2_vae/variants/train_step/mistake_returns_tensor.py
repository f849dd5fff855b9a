# title: the loss tensor returned instead of a Python float
# title_ja: Python の float ではなく損失テンソルを返した
# diagnosis: Your train_step returns the loss tensor (still attached to the graph): return loss.item(), a Python float, so that a list of losses does not keep every step's graph alive.
# diagnosis_ja: train_step が（計算グラフにつながったままの）損失テンソルを返しています。Python の float である loss.item() を返してください。そうしないと損失のリストが各ステップのグラフを保持し続けます。
def train_step(model, optimizer, x, eps, loss_fn):
    model.train()
    optimizer.zero_grad()
    logits, mu, logvar = model(x, eps)
    loss = loss_fn(logits, x, mu, logvar)
    loss.backward()
    optimizer.step()
    return loss
