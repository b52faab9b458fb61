// `candidate: {file: green-deployment.yml}` and `endpointSpec: {file: endpoint.yml}`: the CLI inlines each file
// (relative to the plan's folder) and sends JSON; a plan without a file reference is sent exactly as written.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPlanFile } from '../../../cli/plan-file';

const GREEN = `$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json
name: green
endpoint_name: sklearn-ep
model: azureml:sklearn-regression:2
code_configuration:
  code: azureml:score-code:1
  scoring_script: score.py
environment: azureml:sklearn-env:1
instance_type: Standard_DS3_v2
instance_count: 1
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plan-file-'));
  mkdirSync(join(dir, 'plans'));
  writeFileSync(join(dir, 'green-deployment.yml'), GREEN);
});

const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe('readPlanFile', () => {
  it('inlines the deployment file named by candidate.file, relative to the plan', () => {
    const path = write(
      'plans/release.yaml',
      'endpoint: sklearn-ep\ncandidate:\n  file: ../green-deployment.yml\nstages:\n  - kind: deploy\n',
    );
    const sent = readPlanFile(path);
    expect(sent.contentType).toBe('application/json');
    expect(JSON.parse(sent.text)).toEqual({
      endpoint: 'sklearn-ep',
      candidate: {
        $schema: 'https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json',
        name: 'green',
        endpoint_name: 'sklearn-ep',
        model: 'azureml:sklearn-regression:2',
        code_configuration: { code: 'azureml:score-code:1', scoring_script: 'score.py' },
        environment: 'azureml:sklearn-env:1',
        instance_type: 'Standard_DS3_v2',
        instance_count: 1,
      },
      stages: [{ kind: 'deploy' }],
    });
  });

  it("reads a validate stage's request file beside the deployment file", () => {
    writeFileSync(join(dir, 'sample-request.json'), '{"data": [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]}');
    const text =
      'endpoint: sklearn-ep\ncandidate: {file: green-deployment.yml}\nstages:\n  - kind: validate\n    requestFile: sample-request.json\n';
    const plan = JSON.parse(readPlanFile(write('both.yaml', text)).text);
    expect(plan.candidate.name).toBe('green');
    expect(plan.stages).toEqual([{ kind: 'validate', requestBodies: [{ data: [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]] }] }]);
  });

  it("inlines a first release's endpoint file named by endpointSpec.file, beside the deployment file", () => {
    writeFileSync(join(dir, 'endpoint.yml'), 'name: sklearn-ep\nauth_mode: key\n');
    const text = 'endpoint: sklearn-ep\nendpointSpec: {file: endpoint.yml}\ncandidate: {file: green-deployment.yml}\n';
    const plan = JSON.parse(readPlanFile(write('first.yaml', text)).text);
    expect(plan.endpointSpec).toEqual({ name: 'sklearn-ep', auth_mode: 'key' });
    expect(plan.candidate.name).toBe('green');
  });

  it('sends a plan with an inline candidate as written', () => {
    const text = 'endpoint: heart-ep\ncandidate:\n  model: azureml:heart-classifier:2  # comment kept\nstages: []\n';
    expect(readPlanFile(write('inline.yaml', text))).toEqual({ text, contentType: 'application/yaml' });
  });

  it.each([
    ['candidate:\n  file: missing.yml\n', /cannot read the deployment file .*missing\.yml: ENOENT/],
    [
      'candidate:\n  file: green-deployment.yml\n  instance_count: 3\n',
      /give the deployment file alone \(found also instance_count\)/,
    ],
    ['candidate:\n  file: 3\n', /candidate\.file: must name a deployment YAML file/],
    ['endpointSpec:\n  file: nope.yml\n', /cannot read the endpoint file .*nope\.yml: ENOENT/],
    ['endpointSpec:\n  file: endpoint.yml\n  auth_mode: key\n', /endpointSpec: give the endpoint file alone/],
  ])('refuses %j', (text, message) => {
    expect(() => readPlanFile(write('bad.yaml', `endpoint: sklearn-ep\n${text}`))).toThrow(message);
  });
});
