-- DropIndex
DROP INDEX "LedgerEntry_workflowId_kind_key";

-- DropIndex
DROP INDEX "ReturnRequest_workflowId_key";

-- AlterTable
ALTER TABLE "LedgerEntry" ADD COLUMN     "processId" TEXT;
-- a ledger entry written by a return to poverty names its request
UPDATE "LedgerEntry" SET "processId" = r."id" FROM "ReturnRequest" r WHERE r."workflowId" = "LedgerEntry"."workflowId" AND "LedgerEntry"."kind" = 'RETURNED';

-- AlterTable: existing tasks are all of return to poverty (the only process before the kit): their
-- request id becomes the process id, the step is the step key without its round, the wording is the step's.
ALTER TABLE "Task" ADD COLUMN     "commentRequiredFor" TEXT NOT NULL DEFAULT 'REJECT,RETURN',
ADD COLUMN     "formSchema" JSONB,
ADD COLUMN     "labels" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "payload" JSONB,
ADD COLUMN     "processId" TEXT,
ADD COLUMN     "processType" TEXT NOT NULL DEFAULT 'RETURN_TO_POVERTY',
ADD COLUMN     "step" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "subjectLabel" TEXT NOT NULL DEFAULT '';
UPDATE "Task" SET "processId" = "returnRequestId", "step" = split_part("stepKey", '#', 1),
  "commentRequiredFor" = CASE "kind" WHEN 'RETURN_TO_POVERTY_REVISE' THEN 'APPROVE,REJECT' ELSE 'REJECT,RETURN' END,
  "labels" = (CASE "kind"
      WHEN 'RETURN_TO_POVERTY_TOWNSHIP_CHECK' THEN '{"zh":{"step":"返贫录入乡镇审核"},"en":{"step":"Return to poverty: township check"}}'
      WHEN 'RETURN_TO_POVERTY_COUNTY_APPROVAL' THEN '{"zh":{"step":"返贫录入县级审批"},"en":{"step":"Return to poverty: county approval"}}'
      WHEN 'RETURN_TO_POVERTY_REVISE' THEN '{"zh":{"step":"返贫录入退回修改","decisions":{"APPROVE":"重新提交","REJECT":"撤回申请"}},"en":{"step":"Return to poverty: revise the proposal","decisions":{"APPROVE":"Resubmit","REJECT":"Withdraw"}}}'
      ELSE json_build_object('zh', json_build_object('step', "kind"), 'en', json_build_object('step', "kind"))::text END)::jsonb;
ALTER TABLE "Task" ALTER COLUMN "labels" DROP DEFAULT, ALTER COLUMN "processType" DROP DEFAULT, ALTER COLUMN "step" DROP DEFAULT;
ALTER TABLE "Task" DROP COLUMN "returnRequestId";

-- CreateTable
CREATE TABLE "NotificationRead" (
    "notificationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "readAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationRead_pkey" PRIMARY KEY ("notificationId","userId")
);

-- CreateIndex
CREATE INDEX "NotificationRead_userId_idx" ON "NotificationRead"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_householdId_kind_processId_key" ON "LedgerEntry"("householdId", "kind", "processId");

-- CreateIndex
CREATE INDEX "ReturnRequest_workflowId_idx" ON "ReturnRequest"("workflowId");

-- CreateIndex
CREATE INDEX "Task_processType_processId_idx" ON "Task"("processType", "processId");

-- AddForeignKey
ALTER TABLE "NotificationRead" ADD CONSTRAINT "NotificationRead_notificationId_fkey" FOREIGN KEY ("notificationId") REFERENCES "Notification"("id") ON DELETE CASCADE ON UPDATE CASCADE;

