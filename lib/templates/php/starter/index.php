<?php
// Berth PHP starter: edit this file, commit and `git push` to deploy.
$revision = @file_get_contents(__DIR__ . '/REVISION');
$revision = $revision === false ? 'unknown' : trim($revision);
?><!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Hello from PHP</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto">
  <h1>Hello from PHP <?= htmlspecialchars(PHP_VERSION) ?></h1>
  <p>Served by Apache with mod_php on Berth.</p>
  <p>Commit: <code><?= htmlspecialchars($revision) ?></code></p>
</body>
</html>
