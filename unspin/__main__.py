from unspin.cli import app

app(prog_name="unspin")
