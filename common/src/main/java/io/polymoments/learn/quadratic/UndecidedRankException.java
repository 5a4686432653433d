package io.polymoments.learn.quadratic;

import io.polymoments.InvalidInputException;
import java.util.List;

/**
 * No number of latent variables explains the covariance: no gap in its spectrum and, with a noise model, no rank whose
 * trailing eigenvalues are noise. Bad input when the caller insists on a fit; a does-not-fit verdict for the job
 * that can still fit a provisional model and check its moments.
 */
public final class UndecidedRankException extends InvalidInputException {
    private final transient List<NoisyRankSearch.Candidate> candidates;
    private final String verdictReason;

    /**
     * @param message       the whole story, for a caller that insists on a fit (exit 2)
     * @param verdictReason the same in one sentence, for a does-not-fit verdict
     */
    public UndecidedRankException(String message, Throwable cause, List<NoisyRankSearch.Candidate> candidates,
                                  String verdictReason) {
        super(message, cause);
        this.candidates = List.copyOf(candidates);
        this.verdictReason = verdictReason;
    }

    /** Why no rank explains the covariance, in one sentence. */
    public String verdictReason() {
        return verdictReason;
    }

    /** The ranks tried against a noise tail (empty when no noise model was allowed). */
    public List<NoisyRankSearch.Candidate> candidates() {
        return candidates;
    }
}
