import { RequestLog } from '../../../../emulator/workspace/request-log';
import type { ServedRequest } from '../../../../emulator/types';

const req = (at: number, deployment = 'blue', endpoint = 'ep'): ServedRequest => ({
  at,
  endpoint,
  deployment,
  mirrored: false,
  status: 200,
  latencyMs: 5,
});

describe('RequestLog', () => {
  it('answers half-open windows in arrival order even when requests finish out of order', () => {
    const log = new RequestLog();
    for (const at of [10, 30, 20, 40, 5]) log.record(req(at));
    expect(log.between('ep', 10, 40).map((r) => r.at)).toEqual([10, 20, 30]);
    expect(log.between('other', 0, 100)).toEqual([]);
  });

  it('keeps the newest requests when bounded and tails one deployment', () => {
    const log = new RequestLog(3);
    for (let at = 1; at <= 5; at++) log.record(req(at, at % 2 ? 'blue' : 'green'));
    expect(log.between('ep', 0, 10).map((r) => r.at)).toEqual([3, 4, 5]);
    expect(log.tail('ep', 'blue', 5).map((r) => r.at)).toEqual([3, 5]);
    log.forget('ep');
    expect(log.between('ep', 0, 10)).toEqual([]);
  });
});
