//! The kata's checks: two shops in one process, each with its own configuration, in either
//! order. Protected.

mod two_shops {
    use early_binding::{Checkout, FRANCE, GERMANY};

    fn basket(checkout: &mut Checkout) -> u64 {
        checkout.add(1_000);
        checkout.total_cents()
    }

    #[test]
    fn germany_then_france() {
        let _attest = kata_attest::attest();
        let mut germany = Checkout::new(GERMANY);
        let mut france = Checkout::new(FRANCE);
        assert_eq!(
            basket(&mut germany),
            1_773,
            "a German basket priced with German rules"
        );
        assert_eq!(
            basket(&mut france),
            1_908,
            "a French basket priced with French rules, though a German checkout was made first"
        );
    }

    #[test]
    fn france_then_germany() {
        let _attest = kata_attest::attest();
        let mut france = Checkout::new(FRANCE);
        let mut germany = Checkout::new(GERMANY);
        assert_eq!(
            basket(&mut france),
            1_908,
            "a French basket priced with French rules"
        );
        assert_eq!(
            basket(&mut germany),
            1_773,
            "a German basket priced with German rules, though a French checkout was made first"
        );
    }
}
