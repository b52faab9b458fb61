// A valid MLflow split-orient scoring body over the 13 heart-disease features.
export const HEART_FEATURES = [
  'age',
  'sex',
  'cp',
  'trestbps',
  'chol',
  'fbs',
  'restecg',
  'thalach',
  'exang',
  'oldpeak',
  'slope',
  'ca',
  'thal',
];
export const HEART_ROWS = [
  [63, 1, 1, 145, 233, 1, 2, 150, 0, 2.3, 3, 0, 6],
  [67, 1, 4, 160, 286, 0, 2, 108, 1, 1.5, 2, 3, 3],
  [41, 0, 2, 130, 204, 0, 2, 172, 0, 1.4, 1, 0, 3],
];

export function heartRequest(rows = 1) {
  const data = Array.from({ length: rows }, (_, i) => HEART_ROWS[i % HEART_ROWS.length]);
  return { input_data: { columns: HEART_FEATURES, index: data.map((_, i) => i), data } };
}
