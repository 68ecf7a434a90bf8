args: opportunities --archetype generic_fablab --top 8
