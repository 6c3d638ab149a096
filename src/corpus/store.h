// The corpus store (issue: the corpus). Placeholder until that work lands.
#pragma once
