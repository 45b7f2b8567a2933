from tui_clients.cli import main

raise SystemExit(main())
