from forumreach.cli import main

raise SystemExit(main())
