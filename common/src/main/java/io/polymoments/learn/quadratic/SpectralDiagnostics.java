package io.polymoments.learn.quadratic;

/**
 * Certificates of the spectral step (docs/quadratic.md §4, §5, §6). Fields not defined for a class are NaN / null.
 *
 * @param frameResidual             ‖S − tr3(G)‖_F/‖S‖_F of the Jordan frame (≈1e-15 on exact moments)
 * @param orthogonalityDefect       ‖BrawᵀBraw − I‖_F of the raw frame
 * @param minPeirceGap              smallest Peirce eigen-gap seen in the deflations (≈½ when the model holds)
 * @param gammaHat                  2‖ptr T̃‖/((r+1)√r) — ≈ 2√2 = 2.828 for Gaussian input (homogeneous only)
 * @param identityNorm2             ‖ι‖² of the identity element found in T̃ (≈ r)
 * @param meanResidual              ‖tr Z − ν‖ (homogeneous: the mean is not used by the spectral step)
 * @param unfoldingGramEigenvalues  affine: eigenvalues of T̃_(1)T̃_(1)ᵀ, ascending (clusters 2r+2 / 2r+6 / 4r+6)
 * @param intertwinerEigenvalues    affine: the 3 smallest eigenvalues of the linear-part system (0, then ≈ 2r)
 * @param startResiduals            frame residual of every random start
 */
public record SpectralDiagnostics(double frameResidual, double orthogonalityDefect, double minPeirceGap,
                                  double gammaHat, double identityNorm2, double meanResidual,
                                  double[] unfoldingGramEigenvalues, double[] intertwinerEigenvalues,
                                  double[] startResiduals) {}
