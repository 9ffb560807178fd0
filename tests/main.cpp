#define CATCH_CONFIG_MAIN
#include <xapian.h>

#include <catch2/catch.hpp>

// Xapian's errors derive from no standard exception: their description, for
// CHECK_THROWS_WITH and for the report of one that escapes.
CATCH_TRANSLATE_EXCEPTION(const Xapian::Error& error) {
    return error.get_description();
}
