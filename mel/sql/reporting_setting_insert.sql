-- A setting's new value; the earlier ones stay, with who set them and when.
INSERT INTO core.settings (name, value, recorded_at, recorded_by) VALUES ($name, $value, $at, $by)
