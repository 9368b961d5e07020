-- A network setting in force (NULL when never set).
SELECT value FROM settings WHERE name = $name
