// Azure Monitor common-schema alerts: which rollouts they target and why they fired.
import { alertReason, alertedRolloutIds } from '../../../api/alert';
import { commonAlertSchema } from '../../../api/contract';

describe('Azure Monitor alerts', () => {
  const alert = (targets: string[]) =>
    commonAlertSchema.parse({
      schemaId: 'azureMonitorCommonAlertSchema',
      data: {
        essentials: {
          alertRule: 'HighErrors',
          severity: 'Sev2',
          monitorCondition: 'Fired',
          alertTargetIDs: targets,
          description: 'too many 5xx',
        },
        alertContext: {},
      },
    });
  it('finds online endpoints among the targets, deployments included, lower-cased and deduplicated', () => {
    const ids = alertedRolloutIds(
      alert([
        '/subscriptions/S/resourceGroups/RG/providers/Microsoft.MachineLearningServices/workspaces/WS/onlineEndpoints/Heart-EP',
        '/subscriptions/s/resourcegroups/rg/providers/microsoft.machinelearningservices/workspaces/ws/onlineendpoints/heart-ep/deployments/green',
        '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1',
      ]),
    );
    expect(ids).toEqual(['rollout:s/rg/ws/heart-ep']);
  });
  it('says which alert fired and why', () => {
    expect(alertReason(alert([]))).toBe("Azure Monitor alert 'HighErrors' fired (Sev2): too many 5xx");
  });
});
