#include "polsearch/error.h"
