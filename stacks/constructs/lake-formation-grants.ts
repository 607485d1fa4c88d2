/**
 * Lake Formation grants on the pipeline's database and its tables (when `lakeFormation.enabled`),
 * for accounts where Lake Formation, not IAM alone, decides who may use the Glue catalog. Each
 * principal gets only what its part of the pipeline does with the database.
 */
import { Aws } from 'aws-cdk-lib';
import { PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import { CfnPrincipalPermissions } from 'aws-cdk-lib/aws-lakeformation';
import { Construct } from 'constructs';
import { acknowledge } from './nag.js';

/** What a principal does with the database, and so which permissions it gets. */
export type LakeFormationAccess = 'crawl' | 'create-views' | 'query' | 'admin';

/** Lake Formation permissions on the database and on all its tables, per kind of access. */
export const ACCESS_PERMISSIONS: Record<LakeFormationAccess, { database: string[]; tables: string[] }> = {
  // The crawlers update the two report tables the stack defines (partitions, new columns); they create none.
  crawl: { database: ['DESCRIBE'], tables: ['DESCRIBE', 'SELECT', 'ALTER'] },
  // CreateViews and the deploy-time views resource create, replace and drop views over the tables.
  'create-views': { database: ['DESCRIBE', 'CREATE_TABLE'], tables: ['DESCRIBE', 'SELECT', 'ALTER', 'DROP'] },
  // The Athena-querying Lambdas and QuickSight read the tables and views.
  query: { database: ['DESCRIBE'], tables: ['DESCRIBE', 'SELECT'] },
  admin: { database: ['ALL'], tables: ['ALL'] },
};

/** A principal named by ARN: a QuickSight user or group, or a role this stack does not own. */
export interface ArnGrantee {
  id: string;
  arn: string;
  access: LakeFormationAccess;
}

/** A role of this stack; it also gets `lakeformation:GetDataAccess` to read locations Lake Formation governs. */
export interface RoleGrantee {
  id: string;
  role: IRole;
  access: LakeFormationAccess;
}

/** Props of {@link LakeFormationGrants}. */
export interface LakeFormationGrantsProps {
  databaseName: string;
  roles: readonly RoleGrantee[];
  principals: readonly ArnGrantee[];
}

/** Two grants per principal (the database, all its tables), created one after another. */
export class LakeFormationGrants extends Construct {
  constructor(scope: Construct, id: string, props: LakeFormationGrantsProps) {
    super(scope, id);
    for (const { role } of props.roles) {
      role.addToPrincipalPolicy(new PolicyStatement({ actions: ['lakeformation:GetDataAccess'], resources: ['*'] }));
      acknowledge(
        role,
        'AwsSolutions-IAM5[Resource::*]',
        'lakeformation:GetDataAccess supports no resource-level permissions: AWS requires Resource "*"; Lake Formation grants decide what it vends.',
      );
    }
    const grantees = [...props.roles.map(({ id: granteeId, role, access }) => ({ id: granteeId, arn: role.roleArn, access })), ...props.principals];
    let previous: CfnPrincipalPermissions | undefined;
    for (const grantee of grantees) {
      const permissions = ACCESS_PERMISSIONS[grantee.access];
      const resources = {
        Database: { database: { catalogId: Aws.ACCOUNT_ID, name: props.databaseName } },
        Tables: { table: { catalogId: Aws.ACCOUNT_ID, databaseName: props.databaseName, tableWildcard: {} } },
      };
      for (const [kind, resource] of Object.entries(resources) as Array<[keyof typeof resources, CfnPrincipalPermissions.ResourceProperty]>) {
        const grant = new CfnPrincipalPermissions(this, `${grantee.id}${kind}`, {
          catalog: Aws.ACCOUNT_ID,
          principal: { dataLakePrincipalIdentifier: grantee.arn },
          resource,
          permissions: kind === 'Database' ? permissions.database : permissions.tables,
          permissionsWithGrantOption: [],
        });
        // Grants made in parallel can fail with ConcurrentModificationException (aws/aws-cdk#36215): one at a time.
        if (previous) grant.addResourceDependency(previous);
        previous = grant;
      }
    }
  }
}
