# title: optimizer.step() before loss.backward()
# title_ja: loss.backward() の前に optimizer.step() を呼んだ
# diagnosis: Your parameters are updated with the gradients of the previous step (none at the first step): optimizer.step() uses the current .grad, so call loss.backward() first, then optimizer.step().
# diagnosis_ja: パラメータが前のステップの勾配で更新されています（最初のステップでは更新されません）。optimizer.step() は今の .grad を使うので、先に loss.backward()、その後に optimizer.step() を呼んでください。
def train_step(model, optimizer, x, eps, loss_fn):
    model.train()
    optimizer.zero_grad()
    logits, mu, logvar = model(x, eps)
    loss = loss_fn(logits, x, mu, logvar)
    optimizer.step()
    loss.backward()
    return loss.item()
