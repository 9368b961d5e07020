-- Indicator names in the three languages.
SELECT code, name_en, name_fr, name_ar FROM indicators ORDER BY code
