-- AlterEnum
ALTER TYPE "SubjectType" ADD VALUE 'CADRE';

