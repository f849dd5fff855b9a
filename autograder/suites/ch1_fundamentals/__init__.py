"""Hidden suite of chapter 1 (fundamentals): one test module per graded exercise."""
