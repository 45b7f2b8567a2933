from tui_clients.cli.main import main

raise SystemExit(main())
