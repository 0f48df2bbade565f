// The one doctest main for every suite; each suite links winnow_test_main.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
