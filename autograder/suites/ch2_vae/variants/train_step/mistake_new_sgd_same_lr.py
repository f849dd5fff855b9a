# title: a new SGD with the same learning rate built at every step (momentum lost)
# title_ja: 同じ学習率の SGD を毎ステップ作り直した（モーメンタムが失われる）
# diagnosis: Your updates match plain SGD with the right learning rate but without momentum: an optimizer rebuilt inside train_step loses its settings and its state between steps; use the optimizer you are given.
# diagnosis_ja: 更新が、学習率は正しいもののモーメンタムのない素の SGD と一致しています。train_step の中で作り直したオプティマイザは、設定と状態をステップ間で失います。渡されたオプティマイザを使ってください。
def train_step(model, optimizer, x, eps, loss_fn):
    lr = optimizer.param_groups[0]["lr"]
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    model.train()
    opt.zero_grad()
    logits, mu, logvar = model(x, eps)
    loss = loss_fn(logits, x, mu, logvar)
    loss.backward()
    opt.step()
    return loss.item()
