# title: optimizer.zero_grad() forgotten
# title_ja: optimizer.zero_grad() を忘れた
# diagnosis: Your updates from the second step on look like they use gradients summed over all previous steps: PyTorch accumulates .grad, so call optimizer.zero_grad() before loss.backward() in every step.
# diagnosis_ja: 2 ステップ目以降の更新が、それまでの全ステップの勾配の和を使っているようです。PyTorch は .grad を蓄積するので、毎ステップ loss.backward() の前に optimizer.zero_grad() を呼んでください。
def train_step(model, optimizer, x, eps, loss_fn):
    model.train()
    logits, mu, logvar = model(x, eps)
    loss = loss_fn(logits, x, mu, logvar)
    loss.backward()
    optimizer.step()
    return loss.item()
