package io.polymoments.learn.lowrank;

import static io.polymoments.InvalidInputException.setting;

import io.polymoments.InvalidInputException;
import io.polymoments.model.ActivationMode;
import java.util.Locale;

/**
 * The activation of the low-rank model, as the {@code activation} setting spells it: {@code known:h1,h2,…},
 * {@code known-norms:h1,…} or {@code free}: the Hermite coefficients h_j of He_j (j = 1..ω; the constant h_0 is
 * absorbed in the offset c), known for unit-norm hidden weights (known), known but applied to hidden weights of
 * unknown norms (known-norms), or free per unit (free, degree from the {@code degree} setting).
 *
 * @param mode  what is known
 * @param sigma c_0..c_ω with c_0 = 0 (null for free)
 * @param degree ω
 */
public record ActivationSpec(ActivationMode mode, double[] sigma, int degree) {

    /** Parses; the messages name the settings {@code activation} and {@code degree}. */
    public static ActivationSpec parse(String spec, Integer degree) {
        return parse(spec, degree, setting("activation"), setting("degree"));
    }

    /**
     * @param degree        ω if given, else null (free: 2; known: implied by the coefficients)
     * @param activationArg how the caller names the spec in messages (e.g. "--activation" or "activation")
     * @param degreeArg     how the caller names the degree in messages
     */
    public static ActivationSpec parse(String spec, Integer degree, String activationArg, String degreeArg) {
        String s = spec == null ? "free" : spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("free")) {
            int omega = degree == null ? 2 : degree;
            if (omega < 2 || omega > 4) {
                throw new InvalidInputException(degreeArg + " must be 2, 3 or 4, got " + omega);
            }
            return new ActivationSpec(ActivationMode.FREE, null, omega);
        }
        int colon = s.indexOf(':');
        String kind = colon < 0 ? s : s.substring(0, colon);
        ActivationMode mode = switch (kind) {
            case "known" -> ActivationMode.KNOWN;
            case "known-norms" -> ActivationMode.KNOWN_UNKNOWN_NORMS;
            default -> throw new InvalidInputException(activationArg + " '" + spec + "' is not understood; use"
                    + " known:h1,h2,... (Hermite coefficients of He_1..He_omega), known-norms:h1,h2,... or free");
        };
        if (colon < 0 || colon == s.length() - 1) {
            throw new InvalidInputException(activationArg + " " + kind + " needs the Hermite coefficients, e.g. " + kind
                    + ":0,1 for sigma = He_2");
        }
        String[] parts = s.substring(colon + 1).split(",");
        double[] sigma = new double[parts.length + 1];
        for (int j = 0; j < parts.length; j++) {
            try {
                sigma[j + 1] = Double.parseDouble(parts[j].trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(activationArg + ": '" + parts[j] + "' is not a number (in '" + spec + "')");
            }
            if (!Double.isFinite(sigma[j + 1])) {
                throw new InvalidInputException(activationArg + " coefficients must be finite, got " + parts[j]);
            }
        }
        int omega = parts.length;
        if (omega < 2 || omega > 4) {
            throw new InvalidInputException(activationArg + " gives " + omega + " coefficient(s); the degree omega must be"
                    + " 2, 3 or 4 (degree 1 is a linear map of a Gaussian: nothing to identify)");
        }
        if (degree != null && degree != omega) {
            throw new InvalidInputException(degreeArg + " " + degree + " contradicts " + activationArg + " " + spec + " (" + omega
                    + " coefficients h1..h" + omega + ")");
        }
        boolean nonConstant = false;
        for (int j = 1; j <= omega; j++) {
            nonConstant |= sigma[j] != 0;
        }
        if (!nonConstant) {
            throw new InvalidInputException(activationArg + " " + spec + " is constant; give at least one non-zero h_j");
        }
        return new ActivationSpec(mode, sigma, omega);
    }

    public String label() {
        return switch (mode) {
            case FREE -> "free";
            case KNOWN -> "known";
            case KNOWN_UNKNOWN_NORMS -> "known-norms";
        };
    }
}
