#!/usr/bin/env python3
"""Independent numpy computation of the golden values in two Java tests.

    python3 docs/scripts/golden_vectors.py        (numpy only; prints every value the tests hard-code)

* common/src/test/java/io/polymoments/learn/quadratic/ReferenceGoldenTest.java: the moment-matching objective of
  docs/quadratic.md section 7 and its gradient (homogeneous and affine), and the goodness-of-fit statistics of
  section 9, on deterministic inputs.
* common/src/test/java/io/polymoments/decompose/RingTensorTest.java: entries and norm of a small tensor ring in the
  convention of docs/tensor-ring.md section 1.

Written from the formulas in docs/, not from the Java code: matrices are handled as dense r x r arrays, the gradient
comes from the matrix-form formula and is cross-checked here by central differences.
"""
import numpy as np

SQ2 = np.sqrt(2.0)


def tri(r):
    return r * (r + 1) // 2


def svec(x):
    """Diagonal first, then sqrt(2) * the strict upper triangle row by row."""
    r = x.shape[0]
    upper = [SQ2 * x[i, j] for i in range(r) for j in range(i + 1, r)]
    return np.concatenate([np.diag(x), np.array(upper)])


def smat(v, r):
    x = np.diag(v[:r]).astype(float)
    p = r
    for i in range(r):
        for j in range(i + 1, r):
            x[i, j] = x[j, i] = v[p] / SQ2
            p += 1
    return x


def inputs_z(m, size, affine):
    """Z_a = smat of svec entries 0.5 sin(1 + a k + p); affine: the bordered corner (svec index size-1) is 0."""
    k = tri(size)
    rows = np.array([[0.0 if (affine and p == size - 1) else 0.5 * np.sin(1 + a * k + p) for p in range(k)]
                     for a in range(m)])
    return [smat(rows[a], size) for a in range(m)]


def inputs_t(m):
    a, b, c = np.meshgrid(range(m), range(m), range(m), indexing="ij")
    return np.cos(a + b + c) + 0.3 * np.sin(1 + a * b * c)


def inputs_nu(m):
    return 0.1 * (np.arange(m) + 1)


def objective(zs, t, nu, w):
    """f(Z) = w1 sum (tr Z_a - nu_a)^2 + w2 sum (2<Z_a,Z_b> - d_ab)^2 + w3 sum (8 tr(Z_a Z_b Z_c) - T_abc)^2."""
    m = len(zs)
    w1, w2, w3 = w
    f = 0.0
    if nu is not None:
        f += w1 * sum((np.trace(zs[a]) - nu[a]) ** 2 for a in range(m))
    gram = np.array([[2 * np.sum(zs[a] * zs[b]) for b in range(m)] for a in range(m)]) - np.eye(m)
    f += w2 * np.sum(gram ** 2)
    tr3 = np.array([[[8 * np.trace(zs[a] @ zs[b] @ zs[c]) for c in range(m)] for b in range(m)] for a in range(m)])
    f += w3 * np.sum((tr3 - t) ** 2)
    return f, gram, tr3 - t


def gradient(zs, t, nu, w):
    """Matrix form G_a = 2 w1 (tr Z_a - nu_a) I + 8 w2 sum_b R2_ab Z_b + 48 w3 sum_bc R3_abc Z_b Z_c."""
    m = len(zs)
    size = zs[0].shape[0]
    w1, w2, w3 = w
    _, r2, r3 = objective(zs, t, nu, w)
    r3 = 0.5 * (r3 + r3.transpose(0, 2, 1))  # the b,c sum sees only the symmetric part (Z_b Z_c + Z_c Z_b)
    out = []
    for a in range(m):
        g = np.zeros((size, size))
        if nu is not None:
            g += 2 * w1 * (np.trace(zs[a]) - nu[a]) * np.eye(size)
        g += 8 * w2 * sum(r2[a, b] * zs[b] for b in range(m))
        g += 48 * w3 * sum(r3[a, b, c] * zs[b] @ zs[c] for b in range(m) for c in range(m))
        out.append(0.5 * (g + g.T))
    return out


def packed(zs, affine):
    size = zs[0].shape[0]
    keep = [p for p in range(tri(size)) if not (affine and p == size - 1)]
    return np.concatenate([svec(z)[keep] for z in zs]), keep


def unpacked(theta, m, size, keep):
    k = tri(size)
    rows = np.zeros((m, k))
    rows[:, keep] = theta.reshape(m, len(keep))
    return [smat(rows[a], size) for a in range(m)]


def objective_case(m, size, affine, w):
    zs = inputs_z(m, size, affine)
    t = inputs_t(m)
    nu = None if affine else inputs_nu(m)
    f, _, _ = objective(zs, t, nu, w)
    g, keep = packed(gradient(zs, t, nu, w), affine)
    theta, _ = packed(zs, affine)
    # central differences in the packed (svec) coordinates: the gradient must match them
    h = 1e-6
    fd = np.array([(objective(unpacked(theta + h * e, m, size, keep), t, nu, w)[0]
                    - objective(unpacked(theta - h * e, m, size, keep), t, nu, w)[0]) / (2 * h)
                   for e in np.eye(len(theta))])
    assert np.max(np.abs(fd - g)) < 1e-5 * np.max(np.abs(g)), "gradient disagrees with central differences"
    return f, g


def goodness_of_fit():
    m, r, n = 4, 3, 1000
    zs = inputs_z(m, r, False)
    t = inputs_t(m)
    nu = inputs_nu(m)
    a, b, c = np.meshgrid(range(m), range(m), range(m), indexing="ij")
    half = 0.01 * np.cos(a * b + c)  # even = T + half, odd = T - half
    noise3 = 0.5 * np.linalg.norm(2 * half)
    _, gram, r3 = objective(zs, t, nu, (0, 0, 1))
    res3_ratio = np.linalg.norm(r3) / noise3
    res2 = np.linalg.norm(gram)
    mean_z = np.linalg.norm([np.trace(z) for z in zs] - nu) * np.sqrt(n / m)
    nl, nb = 3, 5
    dirs = np.array([[np.cos(1 + i + 3 * l) for i in range(m)] for l in range(nl)])
    dirs /= np.linalg.norm(dirs, axis=1, keepdims=True)
    counts = 100.0 + 10.0 * np.arange(nb)
    sums = np.array([[counts[bb] * (3.0 + 2 * np.sin(bb + l) + 0.5 * l) for l in range(nl)] for bb in range(nb)])
    empirical = sums.sum(axis=0) / counts.sum() - 3.0
    se = (sums / counts[:, None]).std(axis=0, ddof=1) / np.sqrt(nb)
    model = []
    for l in range(nl):
        amat = sum(dirs[l, i] * zs[i] for i in range(m))
        model.append(48 * np.trace(np.linalg.matrix_power(amat, 4)))
    z = (empirical - np.array(model)) / se
    return res3_ratio, res2, mean_z, np.mean(z ** 2), z


def ring():
    dims, ranks = (3, 4, 2), (2, 3, 2)
    cores = []
    for n in range(3):
        rn, rn1 = ranks[n], ranks[(n + 1) % 3]
        cores.append(np.array([[[np.sin(1.0 + n + 0.7 * a + 0.3 * i + 1.1 * b) for b in range(rn1)]
                                for i in range(dims[n])] for a in range(rn)]))
    full = np.array([[[np.trace(cores[0][:, i, :] @ cores[1][:, j, :] @ cores[2][:, k, :]) for k in range(dims[2])]
                      for j in range(dims[1])] for i in range(dims[0])])
    idx = [(0, 0, 0), (2, 3, 1), (1, 2, 0), (2, 0, 1)]
    return [full[i] for i in idx], np.linalg.norm(full)


def show(name, values):
    print(name + " = {" + ", ".join(repr(float(v)) for v in np.atleast_1d(values)) + "};")


if __name__ == "__main__":
    weights = (1.5, 7.0, 0.6)
    f, g = objective_case(4, 3, False, weights)
    show("homogeneous objective (m = 4, r = 3)", f)
    show("HOMOGENEOUS_GRADIENT", g)
    f, g = objective_case(5, 3, True, weights)
    show("affine objective (m = 5, r = 2, bordered R = 3)", f)
    show("AFFINE_GRADIENT", g)
    res3_ratio, res2, mean_z, chi2, z = goodness_of_fit()
    show("res3Ratio", res3_ratio)
    show("res2", res2)
    show("meanZ", mean_z)
    show("kappa4ChiSquarePerDirection", chi2)
    show("kappa4 z-scores", z)
    entries, norm = ring()
    show("ring entries at (0,0,0), (2,3,1), (1,2,0), (2,0,1)", entries)
    show("ring norm", norm)
