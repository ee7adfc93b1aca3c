package com.batchtrain.reports;

/** What a trained model's predictions on the evaluation split look like, by task kind. */
public sealed interface TrialEvaluation permits ClassifierEvaluation, RegressorEvaluation {}
