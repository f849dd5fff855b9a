# title: state kept in log space, vectorised over chains
# title_ja: 状態を対数空間で保持し、鎖方向にベクトル化
def metropolis_hastings_gamma(x0, shape, rate, step, z, u):
    y = torch.log(x0.double())
    states = []
    for t in range(z.shape[0]):
        y_new = y + step * z[t].double()
        # target density of y = log x is π(e^y) e^y: shape * y - rate * e^y (+ const), proposal symmetric in y
        log_alpha = shape * (y_new - y) - rate * (torch.exp(y_new) - torch.exp(y))
        y = torch.where(torch.log(u[t].double()) < log_alpha, y_new, y)
        states.append(torch.exp(y))
    return torch.stack(states).to(x0.dtype)
