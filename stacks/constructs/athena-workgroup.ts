/** The Athena workgroup every pipeline query runs in, with its result location enforced. */
import { CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ATHENA_RESULTS_PREFIX } from '../../handlers/shared/build-settings.js';

/** Props of {@link AthenaWorkGroup}. */
export interface AthenaWorkGroupProps {
  name: string;
  resultsBucket: IBucket;
}

/** Engine v3, SSE-S3 results under `athena-results/`, metrics published; clients cannot override. */
export class AthenaWorkGroup extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: AthenaWorkGroupProps) {
    super(scope, id);
    this.name = props.name;
    new CfnWorkGroup(this, 'WorkGroup', {
      name: props.name,
      description: 'Kiro activity pipeline: views, checks and dashboards queries',
      state: 'ENABLED',
      // Query history must not block deleting the stack.
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: props.resultsBucket.s3UrlForObject(ATHENA_RESULTS_PREFIX),
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
  }
}
