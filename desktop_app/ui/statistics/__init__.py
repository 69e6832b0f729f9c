"""The statistics screen (统计分析) and its charts; opened from the main window's 统计 menu,
imported only then."""
