args: opportunities --archetype fablab
exit: 2
