package io.polymoments.generate;

import io.polymoments.datasets.RowSampler;
import java.util.Map;

/** A generator's sampler plus the JSON description of the true model written beside the data. */
record GeneratedModel(RowSampler sampler, Map<String, Object> truth) {}
