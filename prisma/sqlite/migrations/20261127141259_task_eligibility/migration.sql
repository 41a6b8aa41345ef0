-- AlterTable
ALTER TABLE "Task" ADD COLUMN "eligibility" JSONB;

