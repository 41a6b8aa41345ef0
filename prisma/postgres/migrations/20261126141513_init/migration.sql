-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "RegionLevel" AS ENUM ('PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE');

-- CreateEnum
CREATE TYPE "HouseholdStatus" AS ENUM ('POOR', 'EXITED');

-- CreateEnum
CREATE TYPE "ValueSource" AS ENUM ('SELF_REPORTED', 'THIRD_PARTY', 'STATISTICS', 'REGISTRY');

-- CreateEnum
CREATE TYPE "LedgerKind" AS ENUM ('REGISTERED', 'EXITED', 'RETURNED');

-- CreateEnum
CREATE TYPE "CadrePosition" AS ENUM ('FIRST_SECRETARY', 'TEAM_LEADER', 'TEAM_MEMBER', 'COUNTY_LEADER', 'RESPONSIBLE_PERSON');

-- CreateEnum
CREATE TYPE "AssignmentKind" AS ENUM ('VILLAGE_TEAM', 'HOUSEHOLD_RESPONSIBLE');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'OFFICE', 'SUPERVISOR', 'LEADER', 'EVALUATOR', 'COUNTY_OPERATOR');

-- CreateEnum
CREATE TYPE "CycleType" AS ENUM ('EXIT_VERIFICATION', 'COUNTY_ASSESSMENT');

-- CreateEnum
CREATE TYPE "ProcessStatus" AS ENUM ('RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "RequestStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "TaskStatus" AS ENUM ('OPEN', 'DONE');

-- CreateEnum
CREATE TYPE "Decision" AS ENUM ('APPROVE', 'REJECT', 'RETURN');

-- CreateEnum
CREATE TYPE "CaseKind" AS ENUM ('INTERVIEW', 'RECALL', 'REWARD', 'ACCOUNTABILITY');

-- CreateEnum
CREATE TYPE "SnapshotStatus" AS ENUM ('DRAFT', 'NOTICE', 'PUBLISHED');

-- CreateEnum
CREATE TYPE "SubjectType" AS ENUM ('HOUSEHOLD', 'VILLAGE', 'COUNTY', 'RANKING');

-- CreateTable
CREATE TABLE "Region" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "level" "RegionLevel" NOT NULL,
    "parentId" TEXT,
    "isPoor" BOOLEAN NOT NULL DEFAULT false,
    "isWestern" BOOLEAN NOT NULL DEFAULT false,
    "exitYear" INTEGER,
    "policyKeptUntilYear" INTEGER,
    "ruralPopulation" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Region_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Household" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "headName" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "status" "HouseholdStatus" NOT NULL,
    "povertyCause" TEXT NOT NULL,
    "registeredYear" INTEGER NOT NULL,
    "exitedYear" INTEGER,
    "benefitsUntil" TIMESTAMP(3),
    "cityId" TEXT NOT NULL,
    "countyId" TEXT NOT NULL,
    "townshipId" TEXT NOT NULL,
    "villageId" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Household_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Member" (
    "id" TEXT NOT NULL,
    "householdId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "relation" TEXT NOT NULL,
    "gender" TEXT NOT NULL,
    "birthYear" INTEGER NOT NULL,
    "canWork" BOOLEAN NOT NULL,
    "inSchool" BOOLEAN NOT NULL DEFAULT false,
    "disabled" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HouseholdYear" (
    "id" TEXT NOT NULL,
    "householdId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "incomePerCapita" DOUBLE PRECISION NOT NULL,
    "foodSecure" BOOLEAN NOT NULL,
    "clothingSecure" BOOLEAN NOT NULL,
    "educationSecured" BOOLEAN NOT NULL,
    "medicalSecured" BOOLEAN NOT NULL,
    "housingSafe" BOOLEAN NOT NULL,
    "drinkingWaterSafe" BOOLEAN NOT NULL,
    "rigidSpending" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "source" "ValueSource" NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HouseholdYear_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" TEXT NOT NULL,
    "householdId" TEXT NOT NULL,
    "kind" "LedgerKind" NOT NULL,
    "year" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "reason" TEXT,
    "workflowId" TEXT,
    "actorId" TEXT,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Cadre" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "gender" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "position" "CadrePosition" NOT NULL,
    "regionId" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "Cadre_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CadreAssignment" (
    "id" TEXT NOT NULL,
    "cadreId" TEXT NOT NULL,
    "kind" "AssignmentKind" NOT NULL,
    "villageId" TEXT NOT NULL,
    "householdId" TEXT,
    "startYear" INTEGER NOT NULL,
    "endYear" INTEGER,

    CONSTRAINT "CadreAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Pairing" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "helperCode" TEXT NOT NULL,
    "helperName" TEXT NOT NULL,
    "helpedCode" TEXT NOT NULL,
    "helpedName" TEXT NOT NULL,
    "mapping" TEXT NOT NULL,

    CONSTRAINT "Pairing_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "regionId" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "demo" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Cycle" (
    "id" TEXT NOT NULL,
    "type" "CycleType" NOT NULL,
    "year" INTEGER NOT NULL,
    "regionId" TEXT NOT NULL,
    "status" "ProcessStatus" NOT NULL DEFAULT 'RUNNING',
    "stage" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "configVersion" INTEGER NOT NULL DEFAULT 1,
    "progress" JSONB,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "Cycle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReturnRequest" (
    "id" TEXT NOT NULL,
    "householdId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "RequestStatus" NOT NULL DEFAULT 'PENDING',
    "workflowId" TEXT NOT NULL,
    "activeKey" TEXT,
    "requestedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "ReturnRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "stepKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" "TaskStatus" NOT NULL DEFAULT 'OPEN',
    "assignedRole" "Role" NOT NULL,
    "regionId" TEXT NOT NULL,
    "level" "RegionLevel" NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "snapshot" JSONB,
    "cycleId" TEXT,
    "caseId" TEXT,
    "returnRequestId" TEXT,
    "decision" "Decision",
    "comment" TEXT,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "remindedAt" TIMESTAMP(3),
    "escalatedAt" TIMESTAMP(3),
    "escalatedToRegionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "regionId" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccountabilityCase" (
    "id" TEXT NOT NULL,
    "kind" "CaseKind" NOT NULL,
    "cadreId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "ProcessStatus" NOT NULL DEFAULT 'RUNNING',
    "stage" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "origin" TEXT NOT NULL DEFAULT 'MANUAL',
    "outcome" TEXT,
    "openedById" TEXT NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "AccountabilityCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IndicatorDefinition" (
    "id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "group" TEXT NOT NULL,
    "weight" DOUBLE PRECISION NOT NULL,
    "direction" TEXT NOT NULL,
    "scoring" JSONB NOT NULL,
    "source" "ValueSource" NOT NULL,

    CONSTRAINT "IndicatorDefinition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IndicatorValue" (
    "id" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "indicatorCode" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "source" "ValueSource" NOT NULL,
    "sourceRef" TEXT,
    "recordedById" TEXT,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IndicatorValue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RankingSnapshot" (
    "id" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "status" "SnapshotStatus" NOT NULL,
    "entries" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" TIMESTAMP(3),

    CONSTRAINT "RankingSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PublicNotice" (
    "id" TEXT NOT NULL,
    "subjectType" "SubjectType" NOT NULL,
    "subjectId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "stepKey" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "PublicNotice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Objection" (
    "id" TEXT NOT NULL,
    "noticeId" TEXT NOT NULL,
    "subjectType" "SubjectType" NOT NULL,
    "subjectId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "raisedById" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Objection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConfigVersion" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "body" JSONB NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConfigVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorName" TEXT NOT NULL,
    "actorRole" TEXT,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT,
    "regionId" TEXT,
    "outcome" TEXT NOT NULL,
    "details" JSONB,
    "workflowId" TEXT,
    "requestId" TEXT,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Region_code_key" ON "Region"("code");

-- CreateIndex
CREATE INDEX "Region_parentId_idx" ON "Region"("parentId");

-- CreateIndex
CREATE INDEX "Region_level_idx" ON "Region"("level");

-- CreateIndex
CREATE UNIQUE INDEX "Household_code_key" ON "Household"("code");

-- CreateIndex
CREATE INDEX "Household_villageId_status_idx" ON "Household"("villageId", "status");

-- CreateIndex
CREATE INDEX "Household_townshipId_status_idx" ON "Household"("townshipId", "status");

-- CreateIndex
CREATE INDEX "Household_countyId_status_idx" ON "Household"("countyId", "status");

-- CreateIndex
CREATE INDEX "Household_cityId_status_idx" ON "Household"("cityId", "status");

-- CreateIndex
CREATE INDEX "Household_status_idx" ON "Household"("status");

-- CreateIndex
CREATE INDEX "Member_householdId_idx" ON "Member"("householdId");

-- CreateIndex
CREATE INDEX "HouseholdYear_year_idx" ON "HouseholdYear"("year");

-- CreateIndex
CREATE UNIQUE INDEX "HouseholdYear_householdId_year_key" ON "HouseholdYear"("householdId", "year");

-- CreateIndex
CREATE INDEX "LedgerEntry_householdId_at_idx" ON "LedgerEntry"("householdId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_workflowId_kind_key" ON "LedgerEntry"("workflowId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "Cadre_code_key" ON "Cadre"("code");

-- CreateIndex
CREATE INDEX "Cadre_regionId_idx" ON "Cadre"("regionId");

-- CreateIndex
CREATE INDEX "CadreAssignment_cadreId_idx" ON "CadreAssignment"("cadreId");

-- CreateIndex
CREATE INDEX "CadreAssignment_villageId_kind_idx" ON "CadreAssignment"("villageId", "kind");

-- CreateIndex
CREATE INDEX "CadreAssignment_householdId_idx" ON "CadreAssignment"("householdId");

-- CreateIndex
CREATE UNIQUE INDEX "Pairing_kind_helperCode_helpedCode_helpedName_key" ON "Pairing"("kind", "helperCode", "helpedCode", "helpedName");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE UNIQUE INDEX "Cycle_workflowId_key" ON "Cycle"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "Cycle_type_year_regionId_key" ON "Cycle"("type", "year", "regionId");

-- CreateIndex
CREATE UNIQUE INDEX "ReturnRequest_workflowId_key" ON "ReturnRequest"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "ReturnRequest_activeKey_key" ON "ReturnRequest"("activeKey");

-- CreateIndex
CREATE INDEX "ReturnRequest_householdId_idx" ON "ReturnRequest"("householdId");

-- CreateIndex
CREATE INDEX "Task_status_assignedRole_dueAt_idx" ON "Task"("status", "assignedRole", "dueAt");

-- CreateIndex
CREATE INDEX "Task_regionId_status_idx" ON "Task"("regionId", "status");

-- CreateIndex
CREATE INDEX "Task_cycleId_idx" ON "Task"("cycleId");

-- CreateIndex
CREATE INDEX "Task_caseId_idx" ON "Task"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "Task_workflowId_stepKey_key" ON "Task"("workflowId", "stepKey");

-- CreateIndex
CREATE INDEX "Notification_regionId_createdAt_idx" ON "Notification"("regionId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_taskId_kind_key" ON "Notification"("taskId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "AccountabilityCase_workflowId_key" ON "AccountabilityCase"("workflowId");

-- CreateIndex
CREATE INDEX "AccountabilityCase_cadreId_idx" ON "AccountabilityCase"("cadreId");

-- CreateIndex
CREATE UNIQUE INDEX "IndicatorDefinition_year_version_code_key" ON "IndicatorDefinition"("year", "version", "code");

-- CreateIndex
CREATE UNIQUE INDEX "IndicatorValue_cycleId_regionId_indicatorCode_key" ON "IndicatorValue"("cycleId", "regionId", "indicatorCode");

-- CreateIndex
CREATE INDEX "RankingSnapshot_year_status_idx" ON "RankingSnapshot"("year", "status");

-- CreateIndex
CREATE UNIQUE INDEX "RankingSnapshot_cycleId_version_key" ON "RankingSnapshot"("cycleId", "version");

-- CreateIndex
CREATE INDEX "PublicNotice_subjectType_subjectId_idx" ON "PublicNotice"("subjectType", "subjectId");

-- CreateIndex
CREATE UNIQUE INDEX "PublicNotice_workflowId_stepKey_key" ON "PublicNotice"("workflowId", "stepKey");

-- CreateIndex
CREATE INDEX "Objection_noticeId_idx" ON "Objection"("noticeId");

-- CreateIndex
CREATE UNIQUE INDEX "ConfigVersion_kind_year_version_key" ON "ConfigVersion"("kind", "year", "version");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_targetType_targetId_idx" ON "AuditEvent"("targetType", "targetId");

-- CreateIndex
CREATE INDEX "AuditEvent_regionId_idx" ON "AuditEvent"("regionId");

-- AddForeignKey
ALTER TABLE "Region" ADD CONSTRAINT "Region_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Region"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Household" ADD CONSTRAINT "Household_villageId_fkey" FOREIGN KEY ("villageId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HouseholdYear" ADD CONSTRAINT "HouseholdYear_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CadreAssignment" ADD CONSTRAINT "CadreAssignment_cadreId_fkey" FOREIGN KEY ("cadreId") REFERENCES "Cadre"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CadreAssignment" ADD CONSTRAINT "CadreAssignment_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReturnRequest" ADD CONSTRAINT "ReturnRequest_householdId_fkey" FOREIGN KEY ("householdId") REFERENCES "Household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccountabilityCase" ADD CONSTRAINT "AccountabilityCase_cadreId_fkey" FOREIGN KEY ("cadreId") REFERENCES "Cadre"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Objection" ADD CONSTRAINT "Objection_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "PublicNotice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

