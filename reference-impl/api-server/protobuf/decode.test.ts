import { expect } from 'chai';
import { decodeKubernetesProtobuf } from './decode.ts';

/** Bodies captured from kubectl 1.33 (`-v=9` hex dumps) for typed create commands. */
const DEPLOYMENT_REPLICAS_0 =
  '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412bc010a210a047765623212001a0022002a003200380042005a0b0a036170701204776562321288010800120d0a0b0a036170701204776562321a6d0a1d0a0012001a0022002a003200380042005a0b0a03617070120477656232124c122e0a056e67696e7812056e67696e782a00320a0a001000185022002a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200';
const HPA_V2 = '6b3873000a290a0e6175746f7363616c696e672f76321217486f72697a6f6e74616c506f644175746f7363616c657212610a130a0377656212001a0022002a0032003800420012440a1a0a0a4465706c6f796d656e7412037765621a07617070732f76311002180722220a085265736f7572636522160a03637075120f0a0b5574696c697a6174696f6e20371a04180020001a002200';
const SECRET = '6b3873000a0c0a0276311206536563726574121e0a120a02733212001a0022002a0032003800420012060a01701201711a001a002200';

describe('kubernetes protobuf bodies', () => {
  it('decodes `kubectl create deployment --replicas=0 --port=80` as Go would encode it in JSON', () => {
    const object = decodeKubernetesProtobuf(Buffer.from(DEPLOYMENT_REPLICAS_0, 'hex'));
    expect(object).to.deep.equal({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web2', labels: { app: 'web2' } },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web2' } },
        template: {
          metadata: { labels: { app: 'web2' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }] },
        },
      },
    });
  });

  it('decodes secret data as base64', () => {
    const object = decodeKubernetesProtobuf(Buffer.from(SECRET, 'hex'));
    expect(object).to.deep.equal({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's2' }, data: { p: Buffer.from('q').toString('base64') } });
  });

  it('decodes `kubectl autoscale` HorizontalPodAutoscalers by apiVersion', () => {
    const object = decodeKubernetesProtobuf(Buffer.from(HPA_V2, 'hex'));
    expect(object.spec).to.deep.equal({
      scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
      minReplicas: 2,
      maxReplicas: 7,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 55 } } }],
    });
  });

  it('refuses truncated or foreign bodies with a 4xx ApiError', () => {
    for (const body of [Buffer.from(DEPLOYMENT_REPLICAS_0.slice(0, 120), 'hex'), Buffer.from('{"kind":"x"}'), Buffer.from('6b387300ff', 'hex')]) {
      expect(() => decodeKubernetesProtobuf(body)).to.throw().with.property('code').within(400, 499);
    }
  });
});
