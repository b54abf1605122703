-- 011: a MedMij name belongs to one application at a time (src/store/applications.ts); a rejected
-- application releases its name. Should two applications still being edited hold the same name (a
-- race before this index existed), the later one loses it and chooses again.
UPDATE applications SET naam = NULL, status = CASE WHEN status = 'named' THEN 'draft' ELSE status END
WHERE naam IS NOT NULL
  AND status IN ('draft', 'named', 'changes_requested')
  AND EXISTS (
    SELECT 1 FROM applications o
    WHERE o.naam = applications.naam AND o.id <> applications.id AND o.status <> 'rejected'
      AND (o.status IN ('submitted', 'approved') OR o.created_at < applications.created_at
           OR (o.created_at = applications.created_at AND o.id < applications.id))
  );
CREATE UNIQUE INDEX applications_naam_unique ON applications(naam)
  WHERE naam IS NOT NULL AND status <> 'rejected';
