# title: a new optimizer created inside train_step
# title_ja: train_step の中で新しいオプティマイザを作った
# diagnosis: Your train_step creates its own optimizer at every call (the one passed in is ignored), so its settings and its state (momentum, Adam's moments) are lost after each step: use the optimizer argument.
# diagnosis_ja: train_step が呼ばれるたびに自分でオプティマイザを作っています（渡されたものは使われません）。そのため設定や状態（モーメンタム、Adam のモーメント）が毎ステップ失われます。引数の optimizer を使ってください。
def train_step(model, optimizer, x, eps, loss_fn):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    opt.zero_grad()
    logits, mu, logvar = model(x, eps)
    loss = loss_fn(logits, x, mu, logvar)
    loss.backward()
    opt.step()
    return loss.item()
