# title: optimizer.step(closure), the LBFGS-style interface
# title_ja: optimizer.step(closure)（LBFGS と同じ書き方）
def train_step(model, optimizer, x, eps, loss_fn):
    model.train()

    def closure():
        optimizer.zero_grad()
        logits, mu, logvar = model(x, eps)
        loss = loss_fn(logits, x, mu, logvar)
        loss.backward()
        return loss

    loss = optimizer.step(closure)
    return loss.item()
