import { IsIn } from 'class-validator';
import { WORKFLOW_KINDS, WorkflowKind } from '../workflow/revision.entity';

export class KindParamDto {
  @IsIn(WORKFLOW_KINDS as unknown as string[], { message: `取值必须是以下之一：${WORKFLOW_KINDS.join('、')}` })
  kind: WorkflowKind;
}
