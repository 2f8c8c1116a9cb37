"""`python -m jtai_analysis.cli` runs the `jtai` command."""

from jtai_analysis.cli.main import main

raise SystemExit(main())
