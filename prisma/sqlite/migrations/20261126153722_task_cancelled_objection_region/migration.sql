-- AlterTable
ALTER TABLE "Objection" ADD COLUMN "regionId" TEXT;

-- CreateIndex
CREATE INDEX "Objection_regionId_idx" ON "Objection"("regionId");

