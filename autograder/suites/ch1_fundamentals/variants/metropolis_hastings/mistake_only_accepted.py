# title: rejected proposals not recorded (chain of accepted states only)
# title_ja: 棄却したとき状態を記録しなかった（採択された状態だけの鎖）
# diagnosis: Your chain does not repeat the current state when a proposal is rejected; MH records x again after a rejection, so the output has one row per step (T, C).
# diagnosis_ja: 提案が棄却されたときに現在の状態を繰り返し記録していません。MH では棄却後も x をもう一度記録するので、出力は 1 ステップ 1 行の (T, C) です。
def metropolis_hastings_gamma(x0, shape, rate, step, z, u):
    chains = []
    for c in range(x0.shape[0]):
        x = x0[c]
        kept = []
        for t in range(z.shape[0]):
            x_new = x * torch.exp(step * z[t, c])
            lr = torch.log(x_new) - torch.log(x)
            if torch.log(u[t, c]) < shape * lr - rate * (x_new - x):
                x = x_new
                kept.append(x)
        kept = kept + [x] * (z.shape[0] - len(kept))
        chains.append(torch.stack(kept))
    return torch.stack(chains, dim=1)
