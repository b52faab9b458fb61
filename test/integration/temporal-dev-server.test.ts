import { Connection } from '@temporalio/client';

describe('the shared Temporal dev server', () => {
  it('answers on the address global setup published', async () => {
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
    try {
      const info = await connection.workflowService.getSystemInfo({});
      expect(info.capabilities).toBeDefined();
    } finally {
      await connection.close();
    }
  });
});
