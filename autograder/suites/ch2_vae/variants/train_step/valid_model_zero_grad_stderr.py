# title: model.zero_grad(set_to_none=False), float() before the update, log on stderr
# title_ja: model.zero_grad(set_to_none=False)、更新前に float()、stderr にログ
import sys


def train_step(model, optimizer, x, eps, loss_fn):
    model.train(True)
    model.zero_grad(set_to_none=False)
    out = model(x, eps)
    loss = loss_fn(*out[:1], x, *out[1:])
    value = float(loss.detach())
    loss.backward()
    optimizer.step()
    print(f"loss {value:.4f}", file=sys.stderr)
    return value
