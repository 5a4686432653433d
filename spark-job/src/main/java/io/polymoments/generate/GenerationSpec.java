package io.polymoments.generate;

import io.polymoments.InvalidInputException;

/**
 * What to generate: the kind and every setting any kind reads (null or the default where a kind has none). Kinds
 * check the settings they need and name them in their messages.
 *
 * @param d          output dimension (null: the kind's default, where it has one)
 * @param r          latent dimension
 * @param m          hidden units (lowrank)
 * @param degree     activation degree (lowrank, free activation)
 * @param activation activation spec (lowrank)
 * @param rho        smoothing level of a quadratic model
 * @param base       structure of a quadratic model (equal, lowrank, random)
 * @param constant   add constants c_i ~ N(0, 1) (quadratic, radial)
 * @param radial     radial law (radial), null for the default
 * @param partitions output partitions, 0 for automatic
 * @param covariance random, identity or a JSON file (gaussian)
 * @param instance   catalogue name (hard)
 * @param noise      standard deviation of added output noise (sample kinds)
 * @param ranks      ring ranks (ring)
 * @param order      tensor order (ring)
 * @param sigma      relative tensor noise (ring)
 */
public record GenerationSpec(GeneratorKind kind, long n, Integer d, Integer r, Integer m, Integer degree,
                             String activation, double rho, String base, boolean constant, String radial, long seed,
                             int partitions, String covariance, String instance, double noise, int[] ranks, int order,
                             double sigma) {

    int requireD() {
        if (d == null || d < 1) {
            throw new InvalidInputException("--kind " + kind.label() + " needs --d (the output dimension, at least 1)");
        }
        return d;
    }

    int requireR() {
        if (r == null || r < 1) {
            throw new InvalidInputException("--kind " + kind.label() + " needs --r (the latent dimension, at least 1)");
        }
        return r;
    }

    /** The --covariance file, when one was given (an input the outputs must stay clear of). */
    public String covarianceFile() {
        return covariance != null && !covariance.equals("random") && !covariance.equals("identity") ? covariance : null;
    }
}
