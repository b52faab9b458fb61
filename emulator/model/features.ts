// The heart-disease feature schema (UCI Cleveland coding) that every emulated model reads, in canonical order.

// prettier-ignore
export const HEART_FEATURES = [
  'age', 'sex', 'cp', 'trestbps', 'chol', 'fbs', 'restecg', 'thalach', 'exang', 'oldpeak', 'slope', 'ca', 'thal',
] as const;

export type HeartFeature = (typeof HEART_FEATURES)[number];

/** One input row in canonical feature order. */
export type FeatureRow = number[];
