-- Static sites (index.html / .static, served by nginx inside the app container).
ALTER TYPE "Template" ADD VALUE IF NOT EXISTS 'STATIC' BEFORE 'DOCKERFILE';
