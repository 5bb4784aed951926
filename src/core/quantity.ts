/**
 * Kubernetes quantities by value, as the API server compares them: `1Gi` and `1024Mi` are the same
 * memory, `0.5` and `500m` the same CPU.
 */

/** CPU cores of a quantity: "500m" → 0.5, "2" → 2. */
export function cpuOf(quantity: string): number {
  return quantity.endsWith('m') ? Number(quantity.slice(0, -1)) / 1000 : Number(quantity);
}

/**
 * MiB of a memory quantity: "128Mi" → 128, "1Gi" → 1024, "134217728" → 128, "0.5Gi" → 512; 0 when
 * it is not a quantity.
 *
 * @example
 * ```ts
 * const app = await g.find.deployment();
 * const limit = memoryMiOf(app.object.spec?.template.spec?.containers[0]?.resources?.limits?.memory ?? '0');
 * const raised = `${Math.max(256, Math.ceil(limit) + 64)}Mi`;
 * ```
 * @group Values
 */
export function memoryMiOf(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G)?$/.exec(quantity);
  if (!match) return 0;
  const factor = { Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024, k: 1000 / 1024 / 1024, M: 1e6 / 1024 / 1024, G: 1e9 / 1024 / 1024, '': 1 / 1024 / 1024 }[match[2] ?? ''] ?? 1;
  return Number(match[1]) * factor;
}
