package io.polymoments.learn.quadratic;

import java.util.Locale;

/** Law of the latent input x of the quadratic model. */
public enum InputLaw {
    /** x ~ N(0, I_r). */
    GAUSSIAN,
    /** x = s·u, u uniform on the sphere, s ≥ 0 of unknown law, E|x|² = r (docs/quadratic.md §6; homogeneous only). */
    ROTATION_INVARIANT;

    public static InputLaw parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        switch (t) {
            case "gaussian":
            case "gauss":
            case "normal":
                return GAUSSIAN;
            case "rotation-invariant":
            case "rotinv":
                return ROTATION_INVARIANT;
            default:
                throw new IllegalArgumentException("unknown input law '" + s + "'; use gaussian or rotation-invariant");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
