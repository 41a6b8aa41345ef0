-- AlterTable
ALTER TABLE "Cycle" ADD COLUMN "seed" TEXT;

